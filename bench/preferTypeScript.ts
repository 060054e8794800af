/**
 * Import first in a bench that loads node files. Node files are imported as `…/X.node`, and
 * plain ts-node (unlike jest) resolves that to the codex `X.node.json` beside `X.node.ts`,
 * because `.json` comes before `.ts` in Node's extension order. Moving `.json` last fixes it.
 */
const extensions: Partial<NodeJS.RequireExtensions> = require.extensions;
const json = extensions['.json'];
delete extensions['.json'];
extensions['.json'] = json;

export {};
