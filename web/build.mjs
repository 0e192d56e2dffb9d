// Bundles src/main.ts (and the CSS it imports) into src/Argus.Server/wwwroot: app.js, app.css and an index.html that
// refers to them with a content-hash query, so browsers refetch them exactly when they change.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "Argus.Server", "wwwroot");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: { app: join(here, "src", "main.ts") },
  outdir: out,
  bundle: true,
  minify: true,
  format: "esm",
  // ECharts and the charts built on it load as chunks when a page draws one, so the app itself starts small.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  target: ["es2022"],
  legalComments: "linked",
  logLevel: "warning",
});

const hash = async (name) => createHash("sha256").update(await readFile(join(out, name))).digest("hex").slice(0, 12);
const template = await readFile(join(here, "src", "index.html"), "utf8");
const html = template
  .replace("{{app.css}}", `/app.css?v=${await hash("app.css")}`)
  .replace("{{app.js}}", `/app.js?v=${await hash("app.js")}`);
await writeFile(join(out, "index.html"), html);
console.log(`web: built ${out}`);
