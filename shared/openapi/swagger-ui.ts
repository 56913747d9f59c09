// Swagger UI, served by our own functions so that /docs works with no internet: the page, our initializer,
// and an allow-list of files from the swagger-ui-dist package. The asset function's route spec ships exactly
// these files beside its bundle (`docsAssetFiles`), and the function reads them from disk relative to the
// working directory (/var/task on Lambda, the project root under sls offline and jest).
import fs from 'node:fs';
import path from 'node:path';

/** The files the page loads, by the name it asks for them under /docs/. */
const packageFiles = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;

/** Starts Swagger UI on our document. A file, not an inline script: the page's CSP allows only 'self' scripts. */
const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
};
`;

export const INITIALIZER = 'swagger-initializer.js';
export const docsAssetNames = [...Object.keys(packageFiles), INITIALIZER];
const PACKAGE_DIR = 'node_modules/swagger-ui-dist';
/** The files of the package the asset function reads, as paths from the project root. */
export const docsAssetFiles = Object.keys(packageFiles).map((name) => `${PACKAGE_DIR}/${name}`);

/** The page at /docs. Its asset URLs are relative (docs/...), so it also works under a base path. */
export const docsPage = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>serverless-api: API documentation</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" type="text/css" href="docs/swagger-ui.css">
    <link rel="stylesheet" type="text/css" href="docs/index.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script src="docs/${INITIALIZER}" charset="UTF-8"></script>
  </body>
</html>
`;

/** What the page needs and nothing more: our own scripts, styles and API, images inline. */
export const docsContentSecurityPolicy: Record<string, string | false> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'form-action': "'none'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
  // Middy's defaults that would stop Swagger UI: a script-less sandbox, and Trusted Types (React writes
  // rendered Markdown through innerHTML). upgrade-insecure-requests would send `sls offline`'s http to https.
  sandbox: false,
  'require-trusted-types-for': false,
  'upgrade-insecure-requests': false,
};

export interface DocsAsset {
  contentType: string;
  text: string;
}

const cache = new Map<string, DocsAsset>();
const packageDir = () => path.resolve(PACKAGE_DIR);

/** One file of the allow-list, read once per function instance; undefined for any other name. */
export function docsAsset(name: string): DocsAsset | undefined {
  if (name === INITIALIZER) return { contentType: 'text/javascript; charset=utf-8', text: initializer };
  if (!Object.hasOwn(packageFiles, name)) return undefined;
  let asset = cache.get(name);
  if (!asset) {
    const contentType = packageFiles[name as keyof typeof packageFiles];
    asset = { contentType, text: fs.readFileSync(path.join(packageDir(), name), 'utf8') };
    cache.set(name, asset);
  }
  return asset;
}
