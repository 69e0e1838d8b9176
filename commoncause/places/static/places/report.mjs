// "Print this report": a button for the browser's own print command. Without JavaScript the page says
// how to print instead, so the button shows only where it works.
for (const button of document.querySelectorAll("[data-cc-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
for (const hint of document.querySelectorAll("[data-cc-print-hint]")) {
  hint.hidden = true;
}
