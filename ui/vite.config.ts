import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri serves the built files from ui/dist; no dev server is needed to build the app.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
});
