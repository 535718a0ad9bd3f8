/* Shows the parts of a page that work only with script (the home page's search box, a solution's
   link to the comparison): they are hidden in the HTML, so a browser without script never offers
   a control that cannot work. */
(function () {
  "use strict";
  for (const part of document.querySelectorAll("[data-needs-script]")) part.hidden = false;
})();
