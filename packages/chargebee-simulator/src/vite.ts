export { chargebeeInTheBrowser } from './testing/chargebee-in-the-browser';
