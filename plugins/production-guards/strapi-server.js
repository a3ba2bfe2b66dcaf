'use strict';

const fs = require('fs');
const path = require('path');

const entry = path.join(__dirname, 'dist', 'server', 'index.js');
if (!fs.existsSync(entry)) {
  throw new Error(`strapi-plugin-production-guards is not compiled: ${entry} is missing. Run \`npm run build\` in ${__dirname}.`);
}

module.exports = require(entry);
