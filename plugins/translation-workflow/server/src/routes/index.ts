/** Admin API (under /translation-workflow), for signed-in admin users; each action checks the Content Manager's permissions on the type and locale. */
const signedIn = { policies: ['admin::isAuthenticatedAdmin'] };

export default {
  admin: {
    type: 'admin',
    routes: [
      { method: 'GET', path: '/coverage', handler: 'translations.coverage', config: signedIn },
      { method: 'GET', path: '/documents', handler: 'translations.documents', config: signedIn },
      { method: 'GET', path: '/documents/:uid/:documentId', handler: 'translations.document', config: signedIn },
      { method: 'POST', path: '/documents/:uid/:documentId/translate', handler: 'translations.translate', config: signedIn },
      { method: 'POST', path: '/documents/:uid/:documentId/current', handler: 'translations.markCurrent', config: signedIn },
      { method: 'PUT', path: '/documents/:uid/:documentId/source', handler: 'translations.setSource', config: signedIn },
    ],
  },
};
