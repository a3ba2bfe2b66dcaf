import deliveries from './deliveries';

export default { deliveries };
