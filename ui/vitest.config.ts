import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Component and state tests of the window's code, in a simulated DOM (jsdom). The real window,
// with the real back end, is tested by the WebDriver tests in e2e/.
export default defineConfig({
  plugins: [react()],
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
