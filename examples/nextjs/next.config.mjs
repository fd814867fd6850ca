// Nothing here is about wirestore: the package needs no bundler configuration. The root only
// stops Next.js from taking the repository's own lockfile for a workspace root.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default { turbopack: { root: path.dirname(fileURLToPath(import.meta.url)) } };
