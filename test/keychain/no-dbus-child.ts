/**
 * Child process of the keychain test: opens a core with the real keytar vault in an environment
 * without a D-Bus session, and prints what happened as one JSON line.
 */
import fs from 'node:fs';
import { createCore } from '../../src/main/core';
import { keytarVault } from '../../src/main/keychain/keytar-vault';
import { RESOURCES } from '../support/core';

const [dataDir, service] = process.argv.slice(2) as [string, string];
const core = await createCore({ dataDir, vault: keytarVault(service), resourcesDir: RESOURCES });
const status = core.status();
await core.close();
process.stdout.write(`${JSON.stringify({ status, dataDirExists: fs.existsSync(dataDir) })}\n`);
