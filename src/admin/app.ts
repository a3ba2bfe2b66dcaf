/** The admin panel speaks Danish as well as English (each user picks in their profile). */
export default {
  config: {
    locales: ['da'],
  },
  bootstrap() {},
};
