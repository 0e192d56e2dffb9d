// Typed calls for the model registry: MLflow's registered-models / model-versions routes and Argus's audited alias
// compare-and-set and history. Errors are api.ts's ApiError, carrying the server's own message.

import { query, request, type KeyValue } from "./api";
import { userHeader } from "./user";

export interface ModelAlias { alias: string; version: string }

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: KeyValue[];
  run_link?: string;
  aliases?: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  user_id?: string;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: KeyValue[];
  aliases?: ModelAlias[];
}

/** One audited change: an alias set, moved or removed (subject = alias) or a stage transition (subject = version). */
export interface RegistryEvent {
  id: number;
  name: string;
  kind: "alias" | "stage" | string;
  subject: string;
  from?: string;
  to?: string;
  user_id?: string;
  timestamp: number;
  reason?: string;
}

export interface RegisteredModelPage { registered_models?: RegisteredModel[]; next_page_token?: string }
export interface ModelVersionPage { model_versions?: ModelVersion[]; next_page_token?: string }
export interface HistoryPage { events?: RegistryEvent[]; next_page_token?: string }

const MLFLOW = "/api/2.0/mlflow";
const ARGUS = "/api/2.0/argus";

export const registryApi = {
  searchRegisteredModels(p: { filter?: string; max_results: number; order_by?: string; page_token?: string }): Promise<RegisteredModelPage> {
    return request("GET", `${MLFLOW}/registered-models/search?${query(p)}`);
  },
  getRegisteredModel(name: string): Promise<{ registered_model: RegisteredModel }> {
    return request("GET", `${MLFLOW}/registered-models/get?${query({ name })}`);
  },
  searchModelVersions(p: { filter: string; max_results: number; order_by?: string; page_token?: string }): Promise<ModelVersionPage> {
    return request("GET", `${MLFLOW}/model-versions/search?${query(p)}`);
  },
  history(name: string, maxResults: number, pageToken?: string): Promise<HistoryPage> {
    return request("GET", `${ARGUS}/registered-models/history?${query({ name, max_results: maxResults, page_token: pageToken })}`);
  },
  /**
   * Moves aliases atomically, only if each alias in expected still points where the caller saw it (version "" or
   * undefined: not set); otherwise the server refuses with RESOURCE_CONFLICT (409) and moves nothing.
   */
  moveAliases(body: { name: string; moves: { alias: string; version?: string }[]; expected: { alias: string; version?: string }[]; reason: string }, user: string): Promise<unknown> {
    return request("POST", `${ARGUS}/registered-models/move-aliases`, body, userHeader(user));
  },
};
