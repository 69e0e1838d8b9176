// Start GOV.UK Frontend's components (skip link, details, service navigation, error summary).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
