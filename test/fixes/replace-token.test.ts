// Found by the property test (test/property/hostile-world.test.ts): the replacement netrc line is shown where
// commands are, so a login from the user's .netrc that a shell would act on is shown as data, never as a command.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {replaceTokenFix} from '../../source/fixes/builders.js';

test('a login a shell would act on is not put into the shown netrc line; a plain one is', () => {
	for (const login of ['`rD0', ';&', '$(id)', 'a|b', 'x\\y(']) {
		const fix = replaceTokenFix('gitlab.example.com', {file: '~/.netrc', line: 3, login});
		assert.deepEqual(fix.commands, [], login);
		assert.match(fix.title, /Not shown as a command/);
	}
	const plain = replaceTokenFix('gitlab.example.com', {file: '~/.netrc', line: 3, login: 'jane.doe@corp'});
	assert.deepEqual(plain.commands, ['machine gitlab.example.com login jane.doe@corp password YOUR_TOKEN']);
	assert.equal(spawnSync('bash', ['-n', '-c', plain.commands[0]!]).status, 0);
	assert.deepEqual(replaceTokenFix('gitlab.example.com', {file: '~/.netrc', line: 3, login: ''}).commands, ['machine gitlab.example.com login oauth2 password YOUR_TOKEN'], 'an empty login stands for the default');
});
