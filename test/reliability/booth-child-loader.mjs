// Starts the bundled reliability child (a CommonJS bundle) with V8's code cache, so the 200 restarts of
// test/integration/booth-sigkill.test.ts do not each parse and compile megabytes of bundled code.
// With BOOTH_CHILD_WRITE_CACHE set it only loads the bundle, writes the cache and exits: the test
// does that once, before the kills. A cache V8 refuses (another Node) just means a slower start.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const bundle = process.argv[2];
const cacheFile = `${bundle}.v8cache`;
const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module_ = { exports: {} };
script.runInThisContext()(module_.exports, Module.createRequire(bundle), module_, bundle, path.dirname(bundle));
if (process.env.BOOTH_CHILD_WRITE_CACHE) {
  // After the bundle's modules ran: the cache then holds the functions they compiled too.
  fs.writeFileSync(cacheFile, script.createCachedData());
  process.exit(0);
}
