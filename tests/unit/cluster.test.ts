import { describe, expect, it } from 'vitest';
import { groupBySlot, slotOf } from '../../src/lib/recorder/slot-batch.ts';
import { parseConfig } from '../../src/lib/server/platform/config.ts';
import { mastersOf } from '../../src/lib/server/redis/cluster-nodes.ts';

describe('cluster topology', () => {
	const nodes = [
		'07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,host4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected',
		'67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922',
		'292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383',
		'6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 master,fail - 1426238316232 0 5 disconnected',
		'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460',
		'824fe116063bc5fcf9f4ffd895bc17aee7731ac3 :0@0 master,noaddr - 0 0 0 disconnected',
		''
	].join('\n');

	it('lists live masters only: no replicas, failed or address-less nodes', () => {
		expect(mastersOf(nodes)).toEqual(['127.0.0.1:30001', '127.0.0.1:30002', '127.0.0.1:30003']);
	});

	it('groups keys by hash slot, hash tags included', () => {
		expect(slotOf('helix:requests:total')).toBe(slotOf('{helix:requests:total}:x'));
		const g = groupBySlot(['a', 'b', '{a}x', 'a']);
		expect(g.get(slotOf('a'))).toEqual([0, 2, 3]);
		expect(g.get(slotOf('b'))).toEqual([1]);
	});

	it('refuses a database number with REDIS_CLUSTER=true', () => {
		expect(() => parseConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://h:7000/2' })).toThrow(
			/REDIS_URL.*database 0 only/
		);
		expect(parseConfig({ REDIS_CLUSTER: 'true', REDIS_URL: 'redis://h:7000' }).redisCluster).toBe(
			true
		);
		expect(() => parseConfig({ REDIS_CLUSTER: 'maybe' })).toThrow(/REDIS_CLUSTER: "maybe"/);
	});
});
