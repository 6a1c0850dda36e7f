// 政策通 staff console: small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // ask before a destructive action (repeal, delete, close, reject)
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // refuse an oversized upload before sending it; the server checks again
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach((input) => {
    input.addEventListener("change", () => {
      const file = input.files && input.files[0];
      const limit = Number(input.dataset.maxBytes);
      input.setCustomValidity(file && file.size > limit ? `文件过大：上限 ${Math.round(limit / 1048576)} MB` : "");
      input.reportValidity();
    });
  });
});
