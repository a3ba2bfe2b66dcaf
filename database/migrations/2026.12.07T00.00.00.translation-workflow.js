'use strict';

// The translation-workflow plugin's states and source locales (plugins/translation-workflow/database/tables.js).
module.exports = require('../../plugins/translation-workflow/database/tables');
