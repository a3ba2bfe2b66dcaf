// Compiles the TypeScript app to dist/ once before the suites start their Strapi processes.
const { compile } = require('../../scripts/lib/app');

module.exports = async () => {
  const started = Date.now();
  await compile();
  console.log(`\n[tests] compiled the app in ${((Date.now() - started) / 1000).toFixed(1)} s; database: ${process.env.DATABASE_CLIENT || 'sqlite'}`);
};
