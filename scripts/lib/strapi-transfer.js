// @ts-check
/**
 * Runs Strapi's own CLI (`strapi export …` or `strapi import …`, the arguments of this process) with
 * the key in STRAPI_TRANSFER_KEY added to its arguments in memory. The key never appears on a command
 * line, where any user of the machine could read it (`ps`). An export's files (the archive and
 * Strapi's diagnostic log) are created readable by their owner only.
 */
const path = require('path');

const args = process.argv.slice(2);
const key = process.env.STRAPI_TRANSFER_KEY;
delete process.env.STRAPI_TRANSFER_KEY;
if (args[0] === 'export') process.umask(0o077);

// bin/strapi.js of @strapi/strapi does the same: runCLI(process.argv).
const strapiRoot = path.dirname(require.resolve('@strapi/strapi/package.json'));
const { runCLI } = require(path.join(strapiRoot, 'dist', 'cli.js'));
runCLI([process.argv[0], path.join(strapiRoot, 'bin', 'strapi.js'), ...args, ...(key ? [`--key=${key}`] : [])]);
