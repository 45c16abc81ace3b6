// The participant page works as a plain form; this script only makes it nicer.
"use strict";
