// The sidebar's expand/collapse toggles (the theme's <summary> elements) hold only an icon: name
// each after the entry whose pages it shows, so assistive technology can announce it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("nav summary").forEach((summary) => {
    if (summary.textContent.trim() || summary.getAttribute("aria-label")) return;
    const entry = summary.parentElement && summary.parentElement.parentElement;
    const link = entry ? entry.querySelector(":scope > a") : null;
    const name = link ? link.textContent.trim() : "this entry";
    summary.setAttribute("aria-label", `Show or hide the pages under ${name}`);
  });
});
