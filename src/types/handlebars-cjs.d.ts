declare module 'handlebars/dist/cjs/handlebars.js' {
  import Handlebars = require('handlebars');
  export default Handlebars;
}
