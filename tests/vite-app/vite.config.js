// Top-level await in the package's browser entry needs an ES2022+ build target.
export default {
  build: { target: "es2022", outDir: "../../target/vite-app", emptyOutDir: true },
  logLevel: "warn",
};
