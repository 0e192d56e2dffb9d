// Names and text forms shared by the monitoring page and its charts.

export const SHARE = "drift.share_of_drifted_columns";
export const RMSE = "regression.rmse";

export function isoText(iso: string): string {
  return iso.replace("T", " ").replace(/:00Z$/, " UTC").replace(/Z$/, " UTC");
}

export function shortIso(iso: string): string {
  return iso.replace(/^\d{4}-/, "").replace("T", " ").replace(/:00Z$/, "").replace(/Z$/, "");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}
