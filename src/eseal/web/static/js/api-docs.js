/* Swagger UI start-up for /api/v1/docs (a file, not an inline script: CSP script-src 'self'). */
(function () {
  "use strict";
  var me = document.currentScript;
  window.ui = window.SwaggerUIBundle({
    url: me.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // never call validator.swagger.io (intranet; CSP connect-src 'self')
    presets: [window.SwaggerUIBundle.presets.apis]
  });
})();
