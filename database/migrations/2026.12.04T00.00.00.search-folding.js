'use strict';

// The search plugin's folded copies of the indexed text (plugins/search/database/folding.js).
module.exports = require('../../plugins/search/database/folding');
