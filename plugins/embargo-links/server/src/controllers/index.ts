import links from './links';
import preview from './preview';

export default { links, preview };
