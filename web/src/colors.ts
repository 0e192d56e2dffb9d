// Colours shared by pages and their (separately loaded) charts.

/** One colour per run, the same in every chart and in the run header; ten because the page compares at most ten. */
export const RUN_COLORS = ["#1f5fbf", "#d9480f", "#2b8a3e", "#9c36b5", "#c2255c", "#0b7285", "#e67700", "#5f3dc4", "#495057", "#5c940d"];
