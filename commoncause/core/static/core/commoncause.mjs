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

// Every table on a page can be downloaded as a CSV file, as it stands on the page.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?[\d.]+$/;

function csvCell(text) {
  let value = text.replace(/\s+/g, " ").trim();
  if (FORMULA_START.test(value) && !NUMBER.test(value)) value = `'${value}`;
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function tableCsv(table) {
  return [...table.rows]
    .map((row) => [...row.cells].map((cell) => csvCell(cell.innerText || cell.textContent)).join(","))
    .join("\r\n");
}

function fileName(table) {
  const title = (table.caption?.textContent || document.title.split(" – ")[0] || "table").trim();
  const words = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `${words.slice(0, 60) || "table"}.csv`;
}

function offerTableDownloads(root) {
  for (const table of root.querySelectorAll("main table.govuk-table:not([data-cc-csv])")) {
    table.dataset.ccCsv = "offered";
    const paragraph = document.createElement("p");
    paragraph.className = "govuk-body-s cc-table-download";
    const link = document.createElement("a");
    link.className = "govuk-link";
    link.href = "#";
    link.textContent = "Download this table as CSV";
    const caption = table.caption?.textContent.trim();
    if (caption) {
      const hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = ` (${caption})`;
      link.append(hidden);
    }
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const file = new Blob(["\ufeff" + tableCsv(table)], { type: "text/csv;charset=utf-8" });
      const download = document.createElement("a");
      download.href = URL.createObjectURL(file);
      download.download = fileName(table);
      document.body.append(download);
      download.click();
      download.remove();
      setTimeout(() => URL.revokeObjectURL(download.href), 1000);
    });
    paragraph.append(link);
    table.after(paragraph);
  }
}
offerTableDownloads(document);
document.addEventListener("htmx:afterSwap", (event) => offerTableDownloads(event.target));
