// What wasm-bindgen's typings used to declare and the package does not export:
// under `nodenext` these do not compile. (Under `bundler` resolution TypeScript
// allows synthetic default imports, and the bundler refuses the import instead.)
// @ts-expect-error the package has no default export: there is no init to call
import init from "intune-device-status";
// @ts-expect-error the wasm loads itself; there is no initSync either
import { initSync } from "intune-device-status";

void init;
void initSync;
