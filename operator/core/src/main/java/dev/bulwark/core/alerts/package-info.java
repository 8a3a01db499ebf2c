/** Alerting (R22): condition transitions delivered as log lines and webhook POSTs. */
package dev.bulwark.core.alerts;
