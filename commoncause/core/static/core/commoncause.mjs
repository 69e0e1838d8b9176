// Start GOV.UK Frontend's components (skip link, details, service navigation, error summary).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();

// The search filters are folded away on a phone; on a wider screen they stand open beside the results.
const wideScreen = window.matchMedia("(min-width: 40.0625em)");
function openFiltersOnWideScreens() {
  for (const filters of document.querySelectorAll("[data-cc-filters]")) {
    if (wideScreen.matches) filters.open = true;
  }
}
openFiltersOnWideScreens();
wideScreen.addEventListener("change", openFiltersOnWideScreens);
document.addEventListener("htmx:afterSwap", openFiltersOnWideScreens);
