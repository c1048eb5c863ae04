// Prints the names of the libzmq tests to build, one a line (build.sh).
import { applicableTests } from "./tests.mjs";

for (const name of applicableTests(process.argv[2], process.env.ZWS_TEST_VARIANT)) console.log(name);
