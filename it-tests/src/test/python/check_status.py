#!/usr/bin/env python3
"""Checks the Supvisors status API of running nodes against compat/xmlrpc.md section 4.

Usage: check_status.py [--identifiers id1,id2,...] URL [URL ...]
  URL is a node XML-RPC endpoint, e.g. http://127.0.0.1:61003/RPC2

For every URL: get_api_version, get_supvisors_state, get_master_identifier, get_strategies,
get_all_instances_info, get_instance_info (each identifier, and an unknown one: fault 2).
Prints one line per problem and exits 1 if there is any, 0 otherwise.
"""

import argparse
import sys
import xmlrpc.client

SUPVISORS_STATES = ['OFF', 'INITIALIZATION', 'DEPLOYMENT', 'OPERATION', 'CONCILIATION',
                    'RESTARTING', 'SHUTTING_DOWN', 'FINAL']
INSTANCE_STATES = ['UNKNOWN', 'CHECKING', 'CHECKED', 'RUNNING', 'SILENT', 'ISOLATING', 'ISOLATED']
STARTING_STRATEGIES = ['CONFIG', 'LESS_LOADED', 'MOST_LOADED', 'LOCAL', 'LESS_LOADED_NODE', 'MOST_LOADED_NODE']
CONCILIATION_STRATEGIES = ['SENICIDE', 'INFANTICIDE', 'USER', 'STOP', 'RESTART', 'RUNNING_FAILURE']
INT32 = (-2 ** 31, 2 ** 31 - 1)

# compat/xmlrpc.md 4.1
STATE_KEYS = {'fsm_statecode': int, 'fsm_statename': str, 'discovery_mode': bool, 'master_identifier': str,
              'starting_jobs': list, 'stopping_jobs': list}
# compat/xmlrpc.md 4.2
INSTANCE_KEYS = {'identifier': str, 'node_name': str, 'port': int, 'statecode': int, 'statename': str,
                 'sequence_counter': int, 'remote_time': int, 'local_time': int, 'loading': int,
                 'process_failure': bool, 'fsm_statecode': int, 'fsm_statename': str, 'discovery_mode': bool,
                 'master_identifier': str, 'starting_jobs': bool, 'stopping_jobs': bool}
# compat/xmlrpc.md 4.8
STRATEGY_KEYS = {'auto-fencing': bool, 'starting': str, 'conciliation': str}


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append('%s: %s' % (where, message))

    def array(self, where, value):
        """The value when it is an XML-RPC array, else a failure and an empty list."""
        if type(value) is not list:
            self.fail(where, 'array expected, got %s' % type(value).__name__)
            return []
        return value

    def struct(self, where, value, keys):
        """Exact key set and exact types (bool is not accepted for int, nor int for bool)."""
        if not isinstance(value, dict):
            self.fail(where, 'struct expected, got %s' % type(value).__name__)
            return False
        missing = sorted(set(keys) - set(value))
        extra = sorted(set(value) - set(keys))
        if missing:
            self.fail(where, 'missing keys %s' % missing)
        if extra:
            self.fail(where, 'unexpected keys %s' % extra)
        for key, expected in keys.items():
            if key in value and type(value[key]) is not expected:
                self.fail(where, '%s: %s expected, got %s %r'
                          % (key, expected.__name__, type(value[key]).__name__, value[key]))
            elif key in value and expected is int and not INT32[0] <= value[key] <= INT32[1]:
                self.fail(where, '%s: %r does not fit a signed 32-bit int' % (key, value[key]))
        return not missing

    def code_and_name(self, where, value, code_key, name_key, names):
        code, name = value.get(code_key), value.get(name_key)
        if type(code) is int and 0 <= code < len(names):
            if names[code] != name:
                self.fail(where, '%s=%r does not match %s=%r' % (code_key, code, name_key, name))
        else:
            self.fail(where, '%s=%r out of range' % (code_key, code))

    def fault(self, where, expected_code, call):
        try:
            result = call()
        except xmlrpc.client.Fault as fault:
            if fault.faultCode != expected_code:
                self.fail(where, 'fault %d expected, got %d %r' % (expected_code, fault.faultCode, fault.faultString))
            return
        self.fail(where, 'fault %d expected, got result %r' % (expected_code, result))


def check_node(checker, url, identifiers):
    proxy = xmlrpc.client.ServerProxy(url)
    supvisors = proxy.supvisors

    version = supvisors.get_api_version()
    if type(version) is not str or not version:
        checker.fail(url + ' get_api_version', 'non-empty string expected, got %r' % (version,))

    state = supvisors.get_supvisors_state()
    where = url + ' get_supvisors_state'
    if checker.struct(where, state, STATE_KEYS):
        checker.code_and_name(where, state, 'fsm_statecode', 'fsm_statename', SUPVISORS_STATES)
        for key in ('starting_jobs', 'stopping_jobs'):
            if not all(type(item) is str for item in state[key]):
                checker.fail(where, '%s: array of strings expected, got %r' % (key, state[key]))

    master = supvisors.get_master_identifier()
    where = url + ' get_master_identifier'
    if type(master) is not str:
        checker.fail(where, 'string expected, got %r' % (master,))
    elif master != state.get('master_identifier'):
        # Both calls are separate reads; a difference is only possible during an election.
        checker.fail(where, '%r differs from get_supvisors_state master_identifier %r'
                     % (master, state.get('master_identifier')))
    elif master and identifiers and master not in identifiers:
        checker.fail(where, 'unknown Master %r' % master)

    strategies = supvisors.get_strategies()
    where = url + ' get_strategies'
    if checker.struct(where, strategies, STRATEGY_KEYS):
        if strategies['starting'] not in STARTING_STRATEGIES:
            checker.fail(where, 'starting=%r not a starting strategy' % strategies['starting'])
        if strategies['conciliation'] not in CONCILIATION_STRATEGIES:
            checker.fail(where, 'conciliation=%r not a conciliation strategy' % strategies['conciliation'])

    infos = supvisors.get_all_instances_info()
    where = url + ' get_all_instances_info'
    infos = checker.array(where, infos)
    names = []
    for info in infos:
        item = '%s[%s]' % (where, info.get('identifier') if isinstance(info, dict) else '?')
        if checker.struct(item, info, INSTANCE_KEYS):
            names.append(info['identifier'])
            checker.code_and_name(item, info, 'statecode', 'statename', INSTANCE_STATES)
            checker.code_and_name(item, info, 'fsm_statecode', 'fsm_statename', SUPVISORS_STATES)
    if names != sorted(names):
        checker.fail(where, 'not sorted by identifier: %s' % names)
    if identifiers and sorted(names) != sorted(identifiers):
        checker.fail(where, 'identifiers %s, expected %s' % (names, sorted(identifiers)))

    for identifier in identifiers or names:
        where = '%s get_instance_info(%r)' % (url, identifier)
        try:
            info = supvisors.get_instance_info(identifier)
        except xmlrpc.client.Fault as fault:
            checker.fail(where, 'fault %d %r' % (fault.faultCode, fault.faultString))
            continue
        if checker.struct(where, info, INSTANCE_KEYS):
            if info['identifier'] != identifier:
                checker.fail(where, 'identifier %r' % info['identifier'])
            checker.code_and_name(where, info, 'statecode', 'statename', INSTANCE_STATES)

    checker.fault(url + " get_instance_info('no-such-instance')", 2,
                  lambda: supvisors.get_instance_info('no-such-instance'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--identifiers', default='', help='comma-separated identifiers expected everywhere')
    parser.add_argument('urls', nargs='+')
    args = parser.parse_args()
    identifiers = [i for i in args.identifiers.split(',') if i]
    checker = Checker()
    for url in args.urls:
        try:
            check_node(checker, url, identifiers)
        except (OSError, xmlrpc.client.Error) as error:
            checker.fail(url, 'call failed: %s' % error)
    for problem in checker.problems:
        print('MISMATCH ' + problem)
    print('%d node(s) checked, %d problem(s)' % (len(args.urls), len(checker.problems)))
    return 1 if checker.problems else 0


if __name__ == '__main__':
    sys.exit(main())
