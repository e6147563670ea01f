/**
 * `npm run till -- <command>`: set up and look after this till from the command line.
 * (Commands land in the next change; until then this says so and exits 2.)
 */
console.error('till: no commands yet');
process.exit(2);
