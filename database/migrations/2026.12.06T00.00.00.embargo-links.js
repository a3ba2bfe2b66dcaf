'use strict';

// The embargo-links plugin's links and access log (plugins/embargo-links/database/tables.js).
module.exports = require('../../plugins/embargo-links/database/tables');
