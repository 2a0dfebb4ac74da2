// A job worker for test/integration/write-turn.test.ts: whatever job it is given, it asks for a
// write turn, holds the customers store's write lock until the test says "release" (over a
// BroadcastChannel), commits, ends its turn, and fails the job on purpose.
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { applyConnectionPragmas, openKeyed, storeFile } = await import('../../src/main/db/open-store.ts');

const db = openKeyed(storeFile(workerData.dataDir, 'customers'), workerData.customersKeyHex, { nativeBinding: workerData.nativeBinding, fileMustExist: true });
applyConnectionPragmas(db);
const control = new BroadcastChannel('write-turn-test');
parentPort.on('message', (m) => {
  if (m.type !== 'write-granted') return;
  db.prepare('BEGIN IMMEDIATE').run();
  control.postMessage('holding');
  control.onmessage = (e) => {
    if (e.data !== 'release') return;
    db.prepare('COMMIT').run();
    db.close();
    control.close();
    parentPort.postMessage({ type: 'write-done' });
    parentPort.postMessage({ type: 'failed', message: 'test worker' });
    parentPort.unref();
  };
});
parentPort.postMessage({ type: 'write-turn' });
