'use strict';

// The search plugin's index table and its full-text part (plugins/search/database/entries.js).
module.exports = require('../../plugins/search/database/entries');
