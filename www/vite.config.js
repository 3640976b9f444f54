// The admin page, built into target/www (served by `make www` next to the emulator).
// Top-level await in the package's browser entry needs an ES2022+ target.
export default {
  build: { target: "es2022", outDir: "../target/www", emptyOutDir: true },
  logLevel: "warn",
};
