import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { applyStoredTheme } from "./lib/theme.ts";
import "./styles.css";
import { keepPagesForOffline } from "./sync/offline-cache.ts";

// Before the first render, so a stored "dark" never flashes light.
applyStoredTheme();

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element to render Quire into.");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

keepPagesForOffline();
