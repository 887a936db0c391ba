// Starts Swagger UI on /api/docs (decision 0012). A file, not an inline script, so that the
// page's policy can stay `script-src 'self'`.
/* global SwaggerUIBundle */
const dark = window.matchMedia('(prefers-color-scheme: dark)');
// Swagger UI's own dark theme hangs on this class; follow the system like the rest of the app.
const followScheme = () => document.documentElement.classList.toggle('dark-mode', dark.matches);
followScheme();
dark.addEventListener('change', followScheme);

window.addEventListener('DOMContentLoaded', () => {
	window.ui = SwaggerUIBundle({
		url: '/api/openapi.json',
		dom_id: '#docs',
		// The default sends the document to validator.swagger.io for a badge: nothing leaves.
		validatorUrl: null,
		// A key typed into "Authorize" stays in this tab only.
		persistAuthorization: false,
		tryItOutEnabled: true,
		deepLinking: true,
		defaultModelsExpandDepth: 0,
	});
});
