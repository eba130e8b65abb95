// The API's documentation page: Swagger UI (static/vendor/swagger-ui, from npm) on the OpenAPI document.
(function () {
  "use strict";
  var target = document.getElementById("api-reference");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: target.getAttribute("data-spec-url"),
    domNode: target,
    deepLinking: false,  // its links inside the operations' toggle buttons nest interactive elements
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: 0
  });
})();
