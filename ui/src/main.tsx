import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { api } from "./api";
import { setLanguage } from "./i18n";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  // The language first, so the first frame is already in it.
  void api
    .systemLanguage()
    .then(setLanguage, () => undefined)
    .then(() =>
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
}
