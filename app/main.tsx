import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import "./styles.css";
import { keepPagesForOffline } from "./sync/offline-cache.ts";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element to render Quire into.");

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

keepPagesForOffline();
