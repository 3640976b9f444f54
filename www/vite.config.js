// The admin page, built into target/www (served by `make www` next to the emulator).
export default {
  build: { outDir: "../target/www", emptyOutDir: true },
  logLevel: "warn",
};
