import syndication from './syndication';

export default { syndication };
