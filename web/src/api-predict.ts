// Typed calls for trying a registered model version from the browser: Argus's signature and predict endpoints. The
// predict endpoint takes MLflow's scoring protocol, exactly what `argus serve`'s /invocations takes, and answers as it
// does; its predictions are not written to the inference log. Errors are api.ts's ApiError, with the server's message.

import { ApiError, query, request, send } from "./api";

export interface SignatureInput {
  name: string;
  type: "numerical" | "categorical" | string;
  /** The training categories, for a categorical input. */
  categories?: string[];
}

export interface Signature {
  name: string;
  version: string;
  aliases?: string[];
  task: string;
  target: string;
  inputs: SignatureInput[];
  output: { type: string; classes?: string[] };
  /** Columns a request may carry that the model does not read (text columns, the target). */
  ignored_columns?: string[];
  run_id?: string;
}

/** A model version by number or by alias (looked up by the server on every request). */
export type Selector = { version: string; alias?: undefined } | { alias: string; version?: undefined };

export interface Prediction {
  /** A number per row (NaN and ±Infinity as strings), or a class label per row for a classifier. */
  predictions: (number | string)[];
  /** The version that answered (the X-Argus-Model-Version header). */
  version: string;
}

const ARGUS = "/api/2.0/argus";

export const predictApi = {
  signature(name: string, selector: Selector): Promise<Signature> {
    return request("GET", `${ARGUS}/model-versions/signature?${query({ name, version: selector.version, alias: selector.alias })}`);
  },
  /** Scores a body in MLflow's scoring protocol: JSON (dataframe_records, dataframe_split, …) or CSV with a header row. */
  async predict(name: string, selector: Selector, body: string, contentType: "application/json" | "text/csv"): Promise<Prediction> {
    const { response, json } = await send("POST", `${ARGUS}/model-versions/predict?${query({ name, version: selector.version, alias: selector.alias })}`,
      body, { "Content-Type": contentType });
    const predictions = (json as { predictions?: (number | string)[] } | undefined)?.predictions;
    if (!Array.isArray(predictions)) throw new ApiError(response.status, "BAD_RESPONSE", "The server's answer holds no predictions.");
    return { predictions, version: response.headers.get("X-Argus-Model-Version") ?? "" };
  },
};
