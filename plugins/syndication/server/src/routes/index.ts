/** Public, at the server's root (no plugin prefix): readers, aggregators and search engines fetch them. */
const open = { auth: false as const };

export default {
  public: {
    type: 'admin',
    prefix: '',
    routes: [
      { method: 'GET', path: '/feeds/:locale/:file', handler: 'syndication.feed', config: open },
      { method: 'GET', path: '/sitemap.xml', handler: 'syndication.sitemapIndex', config: open },
      { method: 'GET', path: '/sitemaps/:file', handler: 'syndication.sitemap', config: open },
    ],
  },
};
