/** Tests of the build itself: the rules the poms enforce do what they promise. */
package dev.bulwark.core.build;
