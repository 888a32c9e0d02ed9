// Puppeteer (needed by @mermaid-js/mermaid-cli) must never download a browser:
// the only network here is the package registries. Tests point it at Debian's
// chromium instead (internal/mermaidcheck/render.go). .ci/run also exports
// PUPPETEER_SKIP_DOWNLOAD=1 for npm versions that run install scripts.
module.exports = { skipDownload: true };
