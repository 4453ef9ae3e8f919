// NOC wall panels (shared by the server's config and the wall page).
export const NOC_PANELS = ['overview', 'cost', 'cache', 'security', 'system'] as const;
export type NocPanel = (typeof NOC_PANELS)[number];

export interface NocConfig {
	panels: NocPanel[];
	dwellSeconds: number;
}
